firewall {
    family inet {
        /*
         ** $Id:$
         ** $Date:$
         ** $Revision:$
         **
         ** ocs.firewall gateway rules: inbound on the perimeter interface, forward to internal
         */
        replace: filter ocs-perimeter-in4 {
            interface-specific;
            /*
             ** access_edge.internal.sip_mtls_to_front_end.perimeter_to_internal: flows access_edge.internal.sip_mtls_to_front_end. SIP/MTLS to the Front End pool (source: TN-dd425238)
             */
            term sip_mtls_to_front-5ea0c6 {
                from {
                    source-address {
                        172.16.10.10/32;
                    }
                    destination-address {
                        10.1.0.10/32;
                        10.1.0.11/32;
                    }
                    protocol tcp;
                    destination-port 5061;
                }
                then accept;
            }
            /*
             ** reverse_proxy.https_to_front_end.perimeter_to_internal: flows reverse_proxy.https_to_front_end. HTTPS from the reverse proxy to the internal Web Components (source: R2-REVERSE-PROXY)
             */
            term https_to_front_en-0679c2 {
                from {
                    source-address {
                        203.0.113.20/32;
                    }
                    destination-address {
                        10.1.0.10/32;
                        10.1.0.11/32;
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
         ** ocs.firewall gateway rules: inbound on the perimeter interface, forward to internal
         */
        replace: filter ocs-perimeter-in6 {
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
         ** ocs.firewall gateway rules: inbound on the internal interface, forward to perimeter
         */
        replace: filter ocs-internal-in4 {
            interface-specific;
            /*
             ** access_edge.internal.sip_mtls_from_front_end.internal_to_perimeter: flows access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end. SIP/MTLS from the Front End pool (APInternalPort); PSOM/MTLS from the Web Conferencing server (Front End) (source: SDK-dd146596, R1-PORTS)
             */
            term sip_mtls_from_fro-bd3278 {
                from {
                    source-address {
                        10.1.0.10/32;
                        10.1.0.11/32;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol tcp;
                    destination-port [ 5061 8057 ];
                }
                then accept;
            }
            /*
             ** av_edge.internal.av_auth_from_front_end.internal_to_perimeter: flows av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing. SIP/MTLS A/V authentication from the Front End (MRASInternalPort); STUN/TCP from the A/V Conferencing servers (source: SDK-dd146596, LYNC2013-PORTS)
             */
            term av_auth_from_fron-b34d59 {
                from {
                    source-address {
                        10.1.0.10/32;
                        10.1.0.11/32;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol tcp;
                    destination-port [ 443 5062 ];
                }
                then accept;
            }
            /*
             ** av_edge.internal.av_auth_from_mediation.internal_to_perimeter: flows av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation. SIP/MTLS A/V authentication from the Mediation Server; STUN/TCP media relay for the Mediation Server (source: R2-MEDIATION-GENERAL, LYNC2010-MEDIATION)
             */
            term av_auth_from_medi-d5b5a3 {
                from {
                    source-address {
                        10.1.0.20/32;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol tcp;
                    destination-port [ 443 5062 ];
                }
                then accept;
            }
            /*
             ** av_edge.internal.stun_udp_from_client.internal_to_perimeter: flows av_edge.internal.stun_udp_from_client. STUN/UDP from internal clients (source: LYNC2013-PORTS)
             */
            term stun_udp_from_cli-c153ce {
                from {
                    source-address {
                        10.0.0.0/8;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol udp;
                    destination-port 3478;
                }
                then accept;
            }
            /*
             ** av_edge.internal.stun_tcp_from_client.internal_to_perimeter: flows av_edge.internal.stun_tcp_from_client. STUN/TCP from internal clients (source: LYNC2013-PORTS)
             */
            term stun_tcp_from_cli-89766d {
                from {
                    source-address {
                        10.0.0.0/8;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol tcp;
                    destination-port 443;
                }
                then accept;
            }
            /*
             ** av_edge.internal.stun_udp_from_av_conferencing.internal_to_perimeter: flows av_edge.internal.stun_udp_from_av_conferencing. STUN/UDP from the A/V Conferencing servers (source: LYNC2013-PORTS)
             */
            term stun_udp_from_av-147e1b {
                from {
                    source-address {
                        10.1.0.10/32;
                        10.1.0.11/32;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol udp;
                    destination-port 3478;
                }
                then accept;
            }
            /*
             ** av_edge.internal.stun_udp_from_mediation.internal_to_perimeter: flows av_edge.internal.stun_udp_from_mediation. STUN/UDP media relay for the Mediation Server (source: LYNC2010-MEDIATION)
             */
            term stun_udp_from_med-491e3b {
                from {
                    source-address {
                        10.1.0.20/32;
                    }
                    destination-address {
                        172.16.10.10/32;
                    }
                    protocol udp;
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
         ** ocs.firewall gateway rules: inbound on the internal interface, forward to perimeter
         */
        replace: filter ocs-internal-in6 {
            interface-specific;
        }
    }
}
