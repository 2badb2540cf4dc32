%% ? and TAB at several positions: op mode, set paths, value help,
%% existing tag values (delete interfaces vti <TAB>), ambiguous TAB, pipes.
%setup configure; set interfaces vti vti0 mtu 1400; set interfaces vti vti1; commit
vyos@vyos:~$
>| ?
vyos@vyos:~$
Possible completions:
  configure     Enter configure mode
  exit          Exit from this session
  reset         Reset a service
  restart       Restart a service
  set           Set operational options
  show          Show system information
vyos@vyos:~$
>| s{TAB}
vyos@vyos:~$ s
Possible completions:
  set           Set operational options
  show          Show system information
vyos@vyos:~$ s
>| h{TAB}
vyos@vyos:~$ show
>| {C-u}conf{TAB}
vyos@vyos:~$ configure
>
vyos@vyos:~$ configure
[edit]
vyos@vyos#
>| set ?
vyos@vyos# set
Possible completions:
  interfaces    Network interfaces
  policy        Routing policy
  protocols     Routing protocols
  system        System parameters
  vpn           Virtual Private Network (VPN)
[edit]
vyos@vyos# set
>| {C-u}set int?
vyos@vyos# set int
Possible completions:
  interfaces    Network interfaces
[edit]
vyos@vyos# set int
>| {C-u}show ?
vyos@vyos# show
Possible completions:
  <Enter>       Execute the current command
  interfaces    Network interfaces
  policy        Routing policy
  protocols     Routing protocols
  system        System parameters
  vpn           Virtual Private Network (VPN)
[edit]
vyos@vyos# show
>| {C-u}set interfaces vti vti0 ?
vyos@vyos# set interfaces vti vti0
Possible completions:
  <Enter>       Execute the current command
  address       IP address
  description   Interface specific description
  disable       Administratively disable interface
  mtu           Maximum Transmission Unit (MTU)
[edit]
vyos@vyos# set interfaces vti vti0
>| mtu ?
vyos@vyos# set interfaces vti vti0 mtu
Possible completions:
  <u32:68-9000> Maximum Transmission Unit in byte
[edit]
vyos@vyos# set interfaces vti vti0 mtu
>| {C-u}set interfaces vti vti0 mtu 1400 ?
vyos@vyos# set interfaces vti vti0 mtu 1400
Possible completions:
  <Enter>       Execute the current command
[edit]
vyos@vyos# set interfaces vti vti0 mtu 1400
>| {C-u}set proto{TAB}
vyos@vyos# set protocols
>| {C-u}delete interfaces vti {TAB}
vyos@vyos# delete interfaces vti vti
Possible completions:
  <Enter>       Execute the current command
  vti0
  vti1
[edit]
vyos@vyos# delete interfaces vti vti
>| 1 ?
vyos@vyos# delete interfaces vti vti1
Possible completions:
  <Enter>       Execute the current command
  address       IP address
  description   Interface specific description
  disable       Administratively disable interface
  mtu           Maximum Transmission Unit (MTU)
[edit]
vyos@vyos# delete interfaces vti vti1
>| {C-u}set interfaces vti vti0 m{TAB}
vyos@vyos# set interfaces vti vti0 mtu
>| {C-u}set interfaces vti vti0 mtuu ?
vyos@vyos# set interfaces vti vti0 mtuu

  Configuration path: [interfaces vti vti0 mtuu] is not valid

[edit]
vyos@vyos# set interfaces vti vti0 mtuu
>| {C-u}commit ?
vyos@vyos# commit
Possible completions:
  <Enter>       Execute the current command
  check         Validate and plan the changes, apply nothing
  comment       Comment for the commit log
  confirm       Commit, and roll back unless confirmed
[edit]
vyos@vyos# commit
>| {C-u}show interfaces |{TAB}
vyos@vyos# show interfaces |
Possible completions:
  commands      Show the configuration as set commands
  compare       Compare with the running configuration
  count         Count the number of lines in the output
  except        Only output lines that do not match a pattern
  grep          Only output lines that match a pattern
  json          Show the output in JSON
  match         Only output lines that match a pattern
  more          Paginate the output
  no-match      Only output lines that do not match a pattern
  no-more       Do not paginate the output
[edit]
vyos@vyos# show interfaces |
>| {C-u}
vyos@vyos#
