%% ? inside a quoted value is an ordinary character (stored and committed).
vyos@vyos:~$
> configure
vyos@vyos:~$ configure
[edit]
vyos@vyos#
>| set interfaces vti vti0 description 'why?' ?
vyos@vyos# set interfaces vti vti0 description 'why?'
Possible completions:
  <Enter>       Execute the current command
[edit]
vyos@vyos# set interfaces vti vti0 description 'why?'
> {C-u}set interfaces vti vti0 description 'why?'
vyos@vyos# set interfaces vti vti0 description 'why?'
[edit]
vyos@vyos#
> set interfaces vti vti1 description "a ? b"
vyos@vyos# set interfaces vti vti1 description "a ? b"
[edit]
vyos@vyos#
> commit
vyos@vyos# commit
[edit]
vyos@vyos#
> show interfaces vti vti0
vyos@vyos# show interfaces vti vti0
 description why?
[edit]
vyos@vyos#
> show interfaces vti vti1
vyos@vyos# show interfaces vti vti1
 description "a ? b"
[edit]
vyos@vyos#
> exit
vyos@vyos# exit
Warning: configuration changes have not been saved.
vyos@vyos:~$
> show configuration commands
vyos@vyos:~$ show configuration commands
set interfaces vti vti0 description 'why?'
set interfaces vti vti1 description 'a ? b'
vyos@vyos:~$
