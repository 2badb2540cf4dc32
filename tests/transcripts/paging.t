%% Paging: set terminal length 5 pages long output (SPACE, RETURN, q);
%% | no-more and set terminal length 0 do not.
%setup configure
%setup set interfaces vti vti0 mtu 1400
%setup set interfaces vti vti1 mtu 1401
%setup set interfaces vti vti2 mtu 1402
%setup set interfaces vti vti3 mtu 1403
%setup set interfaces vti vti4 mtu 1404
%setup set interfaces vti vti5 mtu 1405
%setup set interfaces vti vti6 mtu 1406
%setup set interfaces vti vti7 mtu 1407
%setup set interfaces vti vti8 mtu 1408
%setup set interfaces vti vti9 mtu 1409
%setup set interfaces vti vti10 mtu 1410
%setup set interfaces vti vti11 mtu 1411
%setup commit
vyos@vyos:~$
> set terminal length 5
vyos@vyos:~$ set terminal length 5
vyos@vyos:~$
> show configuration commands
vyos@vyos:~$ show configuration commands
set interfaces vti vti0 mtu '1400'
set interfaces vti vti1 mtu '1401'
set interfaces vti vti2 mtu '1402'
set interfaces vti vti3 mtu '1403'
:
>|{SPACE}
set interfaces vti vti4 mtu '1404'
set interfaces vti vti5 mtu '1405'
set interfaces vti vti6 mtu '1406'
set interfaces vti vti7 mtu '1407'
:
>|{ENTER}
set interfaces vti vti8 mtu '1408'
:
>|q
vyos@vyos:~$
> show configuration commands | no-more
vyos@vyos:~$ show configuration commands | no-more
set interfaces vti vti0 mtu '1400'
set interfaces vti vti1 mtu '1401'
set interfaces vti vti2 mtu '1402'
set interfaces vti vti3 mtu '1403'
set interfaces vti vti4 mtu '1404'
set interfaces vti vti5 mtu '1405'
set interfaces vti vti6 mtu '1406'
set interfaces vti vti7 mtu '1407'
set interfaces vti vti8 mtu '1408'
set interfaces vti vti9 mtu '1409'
set interfaces vti vti10 mtu '1410'
set interfaces vti vti11 mtu '1411'
vyos@vyos:~$
> show configuration commands | match "vti1" | count
vyos@vyos:~$ show configuration commands | match "vti1" | count
3
vyos@vyos:~$
> set terminal length 0
vyos@vyos:~$ set terminal length 0
vyos@vyos:~$
> show configuration commands
vyos@vyos:~$ show configuration commands
set interfaces vti vti0 mtu '1400'
set interfaces vti vti1 mtu '1401'
set interfaces vti vti2 mtu '1402'
set interfaces vti vti3 mtu '1403'
set interfaces vti vti4 mtu '1404'
set interfaces vti vti5 mtu '1405'
set interfaces vti vti6 mtu '1406'
set interfaces vti vti7 mtu '1407'
set interfaces vti vti8 mtu '1408'
set interfaces vti vti9 mtu '1409'
set interfaces vti vti10 mtu '1410'
set interfaces vti vti11 mtu '1411'
vyos@vyos:~$
