%% Errors as Ansible detects them: Invalid command, Set failed indented
%% on its own line after a blank line.
vyos@vyos:~$
> frob
vyos@vyos:~$ frob

  Invalid command: [frob]

vyos@vyos:~$
> show frob
vyos@vyos:~$ show frob

  Invalid command: [frob]

vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> set interfaces vti vti0 mtuu 1
vyos@vyos# set interfaces vti vti0 mtuu 1

  Configuration path: [interfaces vti vti0 mtuu] is not valid
  'mtuu' is not valid here [interfaces vti vti0 mtuu]
  (did you mean 'mtu'?)
  Set failed

[edit]
vyos@vyos#
> set interfaces vti vti0 mtu 99999
vyos@vyos# set interfaces vti vti0 mtu 99999

  Must be between 68-9000
  Value validation failed
  mtu: 99999 is out of range 68-9000 [interfaces vti vti0 mtu]
  Set failed

[edit]
vyos@vyos#
> frob
vyos@vyos# frob

  Invalid command: [frob]

[edit]
vyos@vyos#
> commit
vyos@vyos# commit
No configuration changes to commit
[edit]
vyos@vyos#
> exit
vyos@vyos# exit
vyos@vyos:~$
