%% Pipes on show: match, count, no-more without a space, chained, quoted
%% patterns, except, no-match, grep, an unknown pipe.
%setup configure; set interfaces vti vti0 mtu 1400; set interfaces vti vti0 description 'tunnel zero'; set interfaces vti vti1 mtu 1436; set interfaces ethernet eth0 description uplink; commit
vyos@vyos:~$
> show configuration commands | match vti
vyos@vyos:~$ show configuration commands | match vti
set interfaces vti vti0 description 'tunnel zero'
set interfaces vti vti0 mtu '1400'
set interfaces vti vti1 mtu '1436'
vyos@vyos:~$
> show configuration commands | count
vyos@vyos:~$ show configuration commands | count
4
vyos@vyos:~$
> show configuration commands|no-more
vyos@vyos:~$ show configuration commands|no-more
set interfaces ethernet eth0 description 'uplink'
set interfaces vti vti0 description 'tunnel zero'
set interfaces vti vti0 mtu '1400'
set interfaces vti vti1 mtu '1436'
vyos@vyos:~$
> show configuration commands| match vti |count
vyos@vyos:~$ show configuration commands| match vti |count
3
vyos@vyos:~$
> show configuration commands |  match "vti1 mtu"
vyos@vyos:~$ show configuration commands |  match "vti1 mtu"
set interfaces vti vti1 mtu '1436'
vyos@vyos:~$
> show configuration commands | except vti
vyos@vyos:~$ show configuration commands | except vti
set interfaces ethernet eth0 description 'uplink'
vyos@vyos:~$
> show configuration commands | no-match "vti0|eth0"
vyos@vyos:~$ show configuration commands | no-match "vti0|eth0"
set interfaces vti vti1 mtu '1436'
vyos@vyos:~$
> show configuration commands | grep description | match zero
vyos@vyos:~$ show configuration commands | grep description | match zero
set interfaces vti vti0 description 'tunnel zero'
vyos@vyos:~$
> show configuration commands | frob
vyos@vyos:~$ show configuration commands | frob

  Invalid command: [frob]
  unknown pipe 'frob'
  (match, no-match, except, grep, count, no-more, commands, json)

vyos@vyos:~$
