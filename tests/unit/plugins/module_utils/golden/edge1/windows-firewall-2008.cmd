@echo off
rem OCS 2007 R2: Windows Firewall rules for host edge1
rem 16 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 SP2 (x64), netsh syntax of Server 2008 (consec rules: one port or any).
rem Run from an elevated command prompt.
rem Each rule is deleted by name, then added: run it again to repair a rule.
rem netsh cannot set a rule group; the windows_firewall role adopts these rules by name.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem access_edge.external.sip_tls_from_remote_user.in: access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_remote_user, access_edge.external.sip_mtls_from_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.external.sip_tls_from_remote_user (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.external.sip_tls_from_remote_user (in, tcp)" dir=in action=allow protocol=tcp localport=443,5061 remoteport=any localip=203.0.113.10/32 remoteip=any profile=domain,private,public enable=yes description="SIP/TLS remote user access and anonymous conference participants; SIP/MTLS remote user access (Phone Edition tries sipexternal:5061 before 443); SIP/MTLS federation (inbound; APExternalFederationPort). Flows: access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_remote_user, access_edge.external.sip_mtls_from_partner. Source: TN-dd441361, R1-PORTS, SDK-dd146596. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.external.sip_mtls_to_partner.out: access_edge.external.sip_mtls_to_partner, access_edge.external.dns_tcp_to_internet, access_edge.external.crl_http_to_internet
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.external.sip_mtls_to_partner (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.external.sip_mtls_to_partner (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=53,80,5061 localip=203.0.113.10/32 remoteip=any profile=domain,private,public enable=yes description="SIP/MTLS federation (outbound); DNS queries over TCP (large SRV answers); Certificate revocation (CRL) checks of partners' and public certificates. Flows: access_edge.external.sip_mtls_to_partner, access_edge.external.dns_tcp_to_internet, access_edge.external.crl_http_to_internet. Source: TN-dd441361, LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.external.dns_udp_to_internet.out: access_edge.external.dns_udp_to_internet
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.external.dns_udp_to_internet (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.external.dns_udp_to_internet (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=53 localip=203.0.113.10/32 remoteip=any profile=domain,private,public enable=yes description="DNS queries (SRV discovery of federated and public IM partners). Flows: access_edge.external.dns_udp_to_internet. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.internal.sip_mtls_from_front_end.in: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=5061,8057 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS from the Front End pool (APInternalPort); PSOM/MTLS from the Web Conferencing server (Front End). Flows: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end. Source: SDK-dd146596, R1-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.internal.sip_mtls_to_front_end.out: access_edge.internal.sip_mtls_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061 localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS to the Front End pool. Flows: access_edge.internal.sip_mtls_to_front_end. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem webconf_edge.external.psom_tls_from_remote_user.in: webconf_edge.external.psom_tls_from_remote_user
netsh advfirewall firewall delete rule name="OCS 2007 R2 - webconf_edge.external.psom_tls_from_remote_user (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - webconf_edge.external.psom_tls_from_remote_user (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=203.0.113.11/32 remoteip=any profile=domain,private,public enable=yes description="PSOM/TLS from remote, federated and anonymous Live Meeting users (DPExternalPort). Flows: webconf_edge.external.psom_tls_from_remote_user. Source: SDK-dd146596. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_tcp_from_remote_user.in: av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_tcp_from_remote_user (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_tcp_from_remote_user (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/TCP media relay for remote users; STUN/TCP media relay, federated partners (inbound). Flows: av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner. Source: TN-dd441361, R2-50K. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_tcp_to_partner.out: av_edge.external.stun_tcp_to_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_tcp_to_partner (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_tcp_to_partner (out, tcp)" dir=out action=allow protocol=tcp localport=50000-59999 remoteport=443 localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/TCP media relay to federated partners' A/V Edge, from the A/V Edge's media range. Flows: av_edge.external.stun_tcp_to_partner. Source: LYNC2013-AV. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_udp_from_remote_user.in: av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/UDP for remote users (MRExternalUDPPort); STUN/UDP, federated partners (inbound). Flows: av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner. Source: SDK-dd146596, R2-50K. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_udp_to_partner.out: av_edge.external.stun_udp_to_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_udp_to_partner (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_udp_to_partner (out, udp)" dir=out action=allow protocol=udp localport=3478 remoteport=3478 localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/UDP Edge to Edge, federated partners (outbound, from 3478). Flows: av_edge.external.stun_udp_to_partner. Source: R2-50K. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.av_auth_from_front_end.in: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=443,5062 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS A/V authentication from the Front End (MRASInternalPort); STUN/TCP from the A/V Conferencing servers. Flows: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing. Source: SDK-dd146596, LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.av_auth_from_mediation.in: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (in, tcp)" dir=in action=allow protocol=tcp localport=443,5062 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="SIP/MTLS A/V authentication from the Mediation Server; STUN/TCP media relay for the Mediation Server. Flows: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation. Source: R2-MEDIATION-GENERAL, LYNC2010-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_client.in: av_edge.internal.stun_udp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_client (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_client (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=172.16.10.10/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="STUN/UDP from internal clients. Flows: av_edge.internal.stun_udp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_tcp_from_client.in: av_edge.internal.stun_tcp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=172.16.10.10/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="STUN/TCP from internal clients. Flows: av_edge.internal.stun_tcp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_av_conferencing.in: av_edge.internal.stun_udp_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="STUN/UDP from the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_mediation.in: av_edge.internal.stun_udp_from_mediation
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_mediation (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_mediation (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="STUN/UDP media relay for the Mediation Server. Flows: av_edge.internal.stun_udp_from_mediation. Source: LYNC2010-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
