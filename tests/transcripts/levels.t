%% Prompts and [edit …] banners: edit / up / top / exit, exit with
%% uncommitted changes, exit discard, exit from operational mode.
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> edit interfaces vti vti0
vyos@vyos# edit interfaces vti vti0
[edit interfaces vti vti0]
vyos@vyos#
> set mtu 1400
vyos@vyos# set mtu 1400
[edit interfaces vti vti0]
vyos@vyos#
> edit vpn
vyos@vyos# edit vpn

  Configuration path: [interfaces vti vti0 vpn] is not valid
  'vpn' is not valid here [interfaces vti vti0 vpn]
  (valid here: address, description, disable, mtu)
  Edit failed

[edit interfaces vti vti0]
vyos@vyos#
> up
vyos@vyos# up
[edit interfaces]
vyos@vyos#
> top
vyos@vyos# top
[edit]
vyos@vyos#
> up
vyos@vyos# up
Already at the top level
[edit]
vyos@vyos#
> edit interfaces vti vti0
vyos@vyos# edit interfaces vti vti0
[edit interfaces vti vti0]
vyos@vyos#
> exit
vyos@vyos# exit
[edit]
vyos@vyos#
> exit
vyos@vyos# exit

  Cannot exit: configuration modified.
  Use 'exit discard' to discard the changes and exit.

[edit]
vyos@vyos#
> exit discard
vyos@vyos# exit discard
vyos@vyos:~$
> show configuration commands
vyos@vyos:~$ show configuration commands
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> set interfaces vti vti2 mtu 1500
vyos@vyos# set interfaces vti vti2 mtu 1500
[edit]
vyos@vyos#
> commit
vyos@vyos# commit
[edit]
vyos@vyos#
> exit
vyos@vyos# exit
Warning: configuration changes have not been saved.
vyos@vyos:~$
> show configuration commands
vyos@vyos:~$ show configuration commands
set interfaces vti vti2 mtu '1500'
vyos@vyos:~$
> exit
vyos@vyos:~$ exit
%exit 0
