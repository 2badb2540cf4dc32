%% Operational commands of the live system (FRR, charon, netlink). With
%% the render backend routeshd says what would drive them; unique
%% prefixes, `?` and the shell's own refusals work all the same.
vyos@vyos:~$
> sh ip b sum
vyos@vyos:~$ sh ip b sum

  % show ip bgp summary: not available with the render backend (routeshd --backend live drives FRR)

vyos@vyos:~$
> show vpn ike sa | json
vyos@vyos:~$ show vpn ike sa | json

  % show vpn ike sa: not available with the render backend (routeshd --backend live drives strongSwan)

vyos@vyos:~$
> reset ip bgp 192.0.2.1 soft in
vyos@vyos:~$ reset ip bgp 192.0.2.1 soft in

  % reset ip bgp 192.0.2.1 soft in: not available with the render backend (routeshd --backend live drives FRR)

vyos@vyos:~$
> show ip frob
vyos@vyos:~$ show ip frob

  Invalid command: [show ip frob]

vyos@vyos:~$
>| show vpn ipsec ?
vyos@vyos:~$ show vpn ipsec
Possible completions:
  sa            Show IPsec Security Associations (SA)
  status        Show the status of the IPsec process
vyos@vyos:~$ show vpn ipsec
>| {C-u}show ip bgp neighbors 192.0.2.1 ?
vyos@vyos:~$ show ip bgp neighbors 192.0.2.1
Possible completions:
  <Enter>       Execute the current command
  advertised-routes
                Show routes advertised to the neighbor
  received-routes
                Show routes received from the neighbor
vyos@vyos:~$ show ip bgp neighbors 192.0.2.1
>| {C-u}configure
vyos@vyos:~$ configure
>
vyos@vyos:~$ configure
[edit]
vyos@vyos#
> run show interfaces vti
vyos@vyos# run show interfaces vti

  % show interfaces vti: not available with the render backend (routeshd --backend live drives the kernel's interfaces)

[edit]
vyos@vyos#
