%% What Ansible's vyos collection sends on a paramiko PTY (80x24).
%% The runner also checks that no bracketed-paste codes and no \r\r\n are sent.
%size 24 80
vyos@vyos:~$
> set terminal length 0
vyos@vyos:~$ set terminal length 0
vyos@vyos:~$
> set terminal width 512
vyos@vyos:~$ set terminal width 512
vyos@vyos:~$
> set terminal length 10000
vyos@vyos:~$ set terminal length 10000
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> set interfaces vti vti0 address '169.254.12.38/30'
vyos@vyos# set interfaces vti vti0 address '169.254.12.38/30'
[edit]
vyos@vyos#
> set interfaces vti vti0 description 'VPC tunnel 1'
vyos@vyos# set interfaces vti vti0 description 'VPC tunnel 1'
[edit]
vyos@vyos#
> compare
vyos@vyos# compare
[edit]
+interfaces {
+    vti vti0 {
+        address 169.254.12.38/30
+        description "VPC tunnel 1"
+    }
+}
[edit]
vyos@vyos#
> commit comment "configured by vyos_config"
vyos@vyos# commit comment "configured by vyos_config"
[edit]
vyos@vyos#
> compare
vyos@vyos# compare
No changes between working and active configurations.
[edit]
vyos@vyos#
> exit
vyos@vyos# exit
Warning: configuration changes have not been saved.
vyos@vyos:~$
> show configuration commands| grep interfaces
vyos@vyos:~$ show configuration commands| grep interfaces
set interfaces vti vti0 address '169.254.12.38/30'
set interfaces vti vti0 description 'VPC tunnel 1'
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> set interfaces vti vti0 mtuu 1436
vyos@vyos# set interfaces vti vti0 mtuu 1436

  Configuration path: [interfaces vti vti0 mtuu] is not valid
  'mtuu' is not valid here [interfaces vti vti0 mtuu]
  (did you mean 'mtu'?)
  Set failed

[edit]
vyos@vyos#
> exit discard
vyos@vyos# exit discard
Warning: configuration changes have not been saved.
vyos@vyos:~$
