@echo off
rem OCS 2007 R2: Windows Firewall rules for host edge1
rem 17 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges).
rem Run from an elevated command prompt.
rem Each rule is deleted by name, then added: run it again to repair a rule.
rem netsh cannot set a rule group; the windows_firewall role adopts these rules by name.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem access_edge.external.sip_tls_from_remote_user.in: access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.external.sip_tls_from_remote_user (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.external.sip_tls_from_remote_user (in, tcp)" dir=in action=allow protocol=tcp localport=443,5061 remoteport=any localip=203.0.113.10/32 remoteip=any profile=domain,private,public enable=yes description="SIP/TLS remote user access; SIP/MTLS federation (inbound). Flows: access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_partner. Source: TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.external.sip_mtls_to_partner.out: access_edge.external.sip_mtls_to_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.external.sip_mtls_to_partner (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.external.sip_mtls_to_partner (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061 localip=203.0.113.10/32 remoteip=any profile=domain,private,public enable=yes description="SIP/MTLS federation (outbound). Flows: access_edge.external.sip_mtls_to_partner. Source: TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.internal.sip_mtls_from_front_end.in: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=5061,8057 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS from the Front End pool; PSOM/MTLS from the Web Conferencing server (Front End). Flows: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end. Source: LYNC2013-PORTS, TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.internal.sip_mtls_to_front_end.out: access_edge.internal.sip_mtls_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061 localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS to the Front End pool. Flows: access_edge.internal.sip_mtls_to_front_end. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem webconf_edge.external.psom_tls_from_remote_user.in: webconf_edge.external.psom_tls_from_remote_user
netsh advfirewall firewall delete rule name="OCS 2007 R2 - webconf_edge.external.psom_tls_from_remote_user (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - webconf_edge.external.psom_tls_from_remote_user (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=203.0.113.11/32 remoteip=any profile=domain,private,public enable=yes description="PSOM/TLS from remote and anonymous Live Meeting users. Flows: webconf_edge.external.psom_tls_from_remote_user. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_tcp_from_remote_user.in: av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_tcp_from_remote_user (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_tcp_from_remote_user (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/TCP media relay for remote users; STUN/TCP media relay, federated partners (inbound). Flows: av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner. Source: TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_tcp_to_partner.out: av_edge.external.stun_tcp_to_partner, av_edge.external.stun_tcp_to_remote_user, av_edge.external.rtp_tcp_to_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_tcp_to_partner (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_tcp_to_partner (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443,50000-59999 localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/TCP media relay, federated partners (outbound); STUN/TCP media relay towards remote users' edges (outbound); RTP/TCP for A/V federation (outbound only is enough for R2 partners). Flows: av_edge.external.stun_tcp_to_partner, av_edge.external.stun_tcp_to_remote_user, av_edge.external.rtp_tcp_to_partner. Source: TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_udp_to_remote_user.out: av_edge.external.stun_udp_to_remote_user, av_edge.external.stun_udp_to_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_udp_to_remote_user (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_udp_to_remote_user (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=3478 localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/UDP towards remote users (outbound); STUN/UDP, federated partners (outbound). Flows: av_edge.external.stun_udp_to_remote_user, av_edge.external.stun_udp_to_partner. Source: TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.external.stun_udp_from_remote_user.in: av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=203.0.113.12/32 remoteip=any profile=domain,private,public enable=yes description="STUN/UDP for remote users; STUN/UDP, federated partners (inbound). Flows: av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner. Source: TN-dd441361. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.av_auth_from_front_end.in: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=443,5062 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS A/V authentication from the Front End; STUN/TCP from the A/V Conferencing servers. Flows: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_client.in: av_edge.internal.stun_udp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_client (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_client (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=172.16.10.10/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="STUN/UDP from internal clients. Flows: av_edge.internal.stun_udp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_to_client.out: av_edge.internal.stun_udp_to_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_to_client (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_to_client (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=3478 localip=172.16.10.10/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="STUN/UDP to internal clients. Flows: av_edge.internal.stun_udp_to_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_tcp_from_client.in: av_edge.internal.stun_tcp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=172.16.10.10/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="STUN/TCP from internal clients. Flows: av_edge.internal.stun_tcp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_tcp_to_client.out: av_edge.internal.stun_tcp_to_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_to_client (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_to_client (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443 localip=172.16.10.10/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="STUN/TCP to internal clients. Flows: av_edge.internal.stun_tcp_to_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_av_conferencing.in: av_edge.internal.stun_udp_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (in, udp)" dir=in action=allow protocol=udp localport=3478 remoteport=any localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="STUN/UDP from the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_to_av_conferencing.out: av_edge.internal.stun_udp_to_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_to_av_conferencing (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_to_av_conferencing (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=3478 localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="STUN/UDP to the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_to_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_tcp_to_av_conferencing.out: av_edge.internal.stun_tcp_to_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_to_av_conferencing (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_to_av_conferencing (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443 localip=172.16.10.10/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="STUN/TCP to the A/V Conferencing servers. Flows: av_edge.internal.stun_tcp_to_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
