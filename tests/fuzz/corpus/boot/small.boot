interfaces {
    ethernet eth0 {
        address 192.0.2.1/24
        description "uplink port"
    }
    loopback lo {
    }
}
/* the AS */
protocols {
    bgp 65001 {
        neighbor 192.0.2.2 {
            remote-as 65002
        }
    }
}
// Warning: Do not remove the following line.
// vyos-config-version: "bgp@1:quagga@8"
