%% A hang-up (SSH dropped, Ansible closing its channel) ends the session
%% cleanly: the uncommitted candidate is dropped and nothing stays locked.
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> set interfaces vti vti0 mtu 1400
vyos@vyos# set interfaces vti vti0 mtu 1400
[edit]
vyos@vyos#
>| set interfaces vti vti1
vyos@vyos# set interfaces vti vti1
%hangup
vyos@vyos# set interfaces vti vti1
%exit 0
%after configure; compare; set interfaces vti vti2 mtu 1500; commit; exit; show configuration commands
%after-out No changes between working and active configurations.
%after-out Warning: configuration changes have not been saved.
%after-out set interfaces vti vti2 mtu '1500'
