firewall {
    family inet {
        /*
         ** $Id:$
         ** $Date:$
         ** $Revision:$
         **
         ** ocs.firewall gateway rules: inbound on the external interface, forward to perimeter
         */
        replace: filter ocs-external-in4 {
            interface-specific;
            /*
             ** access_edge.external.sip_tls_from_remote_user.external_to_perimeter: flows access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_remote_user, access_edge.external.sip_mtls_from_partner. SIP/TLS remote user access and anonymous conference participants; SIP/MTLS remote user access (Phone Edition tries sipexternal:5061 before 443); SIP/MTLS federation (inbound; APExternalFederationPort) (source: TN-dd441361, R1-PORTS, SDK-dd146596)
             */
            term sip_tls_from_remo-f7d978 {
                from {
                    destination-address {
                        203.0.113.10/32;
                    }
                    protocol tcp;
                    destination-port [ 443 5061 ];
                }
                then accept;
            }
            /*
             ** webconf_edge.external.psom_tls_from_remote_user.external_to_perimeter: flows webconf_edge.external.psom_tls_from_remote_user. PSOM/TLS from remote, federated and anonymous Live Meeting users (DPExternalPort) (source: SDK-dd146596)
             */
            term psom_tls_from_rem-cb4974 {
                from {
                    destination-address {
                        203.0.113.11/32;
                    }
                    protocol tcp;
                    destination-port 443;
                }
                then accept;
            }
            /*
             ** av_edge.external.stun_tcp_from_remote_user.external_to_perimeter: flows av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner. STUN/TCP media relay for remote users; STUN/TCP media relay, federated partners (inbound) (source: TN-dd441361, R2-50K)
             */
            term stun_tcp_from_rem-b1a8db {
                from {
                    destination-address {
                        203.0.113.12/32;
                    }
                    protocol tcp;
                    destination-port 443;
                }
                then accept;
            }
            /*
             ** av_edge.external.stun_udp_from_remote_user.external_to_perimeter: flows av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner. STUN/UDP for remote users (MRExternalUDPPort); STUN/UDP, federated partners (inbound) (source: SDK-dd146596, R2-50K)
             */
            term stun_udp_from_rem-fde9f2 {
                from {
                    destination-address {
                        203.0.113.12/32;
                    }
                    protocol udp;
                    destination-port 3478;
                }
                then accept;
            }
            /*
             ** reverse_proxy.https_from_remote_user.external_to_perimeter: flows reverse_proxy.https_from_remote_user. HTTPS to the published Web Components (meeting content, address book, group expansion, device updates) for remote, federated and anonymous users (source: R2-REVERSE-PROXY)
             */
            term https_from_remote-9bc7e2 {
                from {
                    destination-address {
                        203.0.113.20/32;
                    }
                    protocol tcp;
                    destination-port 443;
                }
                then accept;
            }
        }
    }
}
firewall {
    family inet6 {
        /*
         ** $Id:$
         ** $Date:$
         ** $Revision:$
         **
         ** ocs.firewall gateway rules: inbound on the external interface, forward to perimeter
         */
        replace: filter ocs-external-in6 {
            interface-specific;
        }
    }
}
firewall {
    family inet {
        /*
         ** $Id:$
         ** $Date:$
         ** $Revision:$
         **
         ** ocs.firewall gateway rules: inbound on the perimeter interface, forward to external
         */
        replace: filter ocs-perimeter-in4 {
            interface-specific;
            /*
             ** access_edge.external.sip_mtls_to_partner.perimeter_to_external: flows access_edge.external.sip_mtls_to_partner, access_edge.external.dns_tcp_to_internet, access_edge.external.crl_http_to_internet. SIP/MTLS federation (outbound); DNS queries over TCP (large SRV answers); Certificate revocation (CRL) checks of partners' and public certificates (source: TN-dd441361, LYNC2013-PORTS)
             */
            term sip_mtls_to_partn-f8b362 {
                from {
                    source-address {
                        203.0.113.10/32;
                    }
                    protocol tcp;
                    destination-port [ 53 80 5061 ];
                }
                then accept;
            }
            /*
             ** access_edge.external.dns_udp_to_internet.perimeter_to_external: flows access_edge.external.dns_udp_to_internet. DNS queries (SRV discovery of federated and public IM partners) (source: LYNC2013-PORTS)
             */
            term dns_udp_to_intern-94bfc7 {
                from {
                    source-address {
                        203.0.113.10/32;
                    }
                    protocol udp;
                    destination-port 53;
                }
                then accept;
            }
            /*
             ** av_edge.external.stun_tcp_to_partner.perimeter_to_external: flows av_edge.external.stun_tcp_to_partner. STUN/TCP media relay to federated partners' A/V Edge, from the A/V Edge's media range (source: LYNC2013-AV)
             */
            term stun_tcp_to_partn-12ed46 {
                from {
                    source-address {
                        203.0.113.12/32;
                    }
                    protocol tcp;
                    source-port 50000-59999;
                    destination-port 443;
                }
                then accept;
            }
            /*
             ** av_edge.external.stun_udp_to_partner.perimeter_to_external: flows av_edge.external.stun_udp_to_partner. STUN/UDP Edge to Edge, federated partners (outbound, from 3478) (source: R2-50K)
             */
            term stun_udp_to_partn-6d2950 {
                from {
                    source-address {
                        203.0.113.12/32;
                    }
                    protocol udp;
                    source-port 3478;
                    destination-port 3478;
                }
                then accept;
            }
        }
    }
}
firewall {
    family inet6 {
        /*
         ** $Id:$
         ** $Date:$
         ** $Revision:$
         **
         ** ocs.firewall gateway rules: inbound on the perimeter interface, forward to external
         */
        replace: filter ocs-perimeter-in6 {
            interface-specific;
        }
    }
}
