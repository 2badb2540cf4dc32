%% Ctrl-C abandons the line (nothing runs); Ctrl-D ends the session.
vyos@vyos:~$
>| show configuration
vyos@vyos:~$ show configuration
>| {C-c}
vyos@vyos:~$ show configuration^C
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
>| set interfaces vti vti0
vyos@vyos# set interfaces vti vti0
>| {C-c}
vyos@vyos# set interfaces vti vti0^C
[edit]
vyos@vyos#
> show
vyos@vyos# show
[edit]
vyos@vyos#
>| {C-d}
vyos@vyos#
%exit 0
