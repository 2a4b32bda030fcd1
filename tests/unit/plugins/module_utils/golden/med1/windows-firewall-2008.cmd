@echo off
rem OCS 2007 R2: Windows Firewall rules for host med1
rem 12 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 SP2 (x64), netsh syntax of Server 2008 (consec rules: one port or any).
rem Run from an elevated command prompt.
rem Each rule is deleted by name, then added: run it again to repair a rule.
rem netsh cannot set a rule group; the windows_firewall role adopts these rules by name.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem av_edge.internal.av_auth_from_mediation.out: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443,5062 localip=10.1.0.20/32 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="SIP/MTLS A/V authentication from the Mediation Server; STUN/TCP media relay for the Mediation Server. Flows: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation. Source: R2-MEDIATION-GENERAL, LYNC2010-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_mediation.out: av_edge.internal.stun_udp_from_mediation
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_mediation (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_mediation (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=3478 localip=10.1.0.20/32 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="STUN/UDP media relay for the Mediation Server. Flows: av_edge.internal.stun_udp_from_mediation. Source: LYNC2010-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_conferencing.media_from_mediation.out: av_conferencing.media_from_mediation
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_conferencing.media_from_mediation (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_conferencing.media_from_mediation (out, udp)" dir=out action=allow protocol=udp localport=60000-64000 remoteport=49152-65535 localip=10.1.0.20/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="Conference media from the Mediation Server (PSTN participants). Flows: av_conferencing.media_from_mediation. Source: SFB-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_mtls_from_front_end.in: mediation.sip_mtls_from_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=5061 remoteport=any localip=10.1.0.20/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS from the pool (internal edge, always TLS). Flows: mediation.sip_mtls_from_front_end. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_mtls_to_front_end.out: mediation.sip_mtls_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_mtls_to_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_mtls_to_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061 localip=10.1.0.20/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS to the pool (internal edge, always TLS). Flows: mediation.sip_mtls_to_front_end. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_to_gateway.out: mediation.sip_to_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_to_gateway (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_to_gateway (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5060 localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SIP to the PSTN gateway (TCP; TLS uses the gateway's own port). Flows: mediation.sip_to_gateway. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_from_gateway.in: mediation.sip_from_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)" dir=in action=allow protocol=tcp localport=5060 remoteport=any localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SIP from the PSTN gateway (external edge). Flows: mediation.sip_from_gateway. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.srtp_to_gateway.out: mediation.srtp_to_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.srtp_to_gateway (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.srtp_to_gateway (out, udp)" dir=out action=allow protocol=udp localport=60000-64000 remoteport=1024-65535 localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SRTP/RTCP media to the PSTN gateway, from the Mediation Server's media range. Flows: mediation.srtp_to_gateway. Source: SDK-dd146530. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_from_gateway.in: mediation.media_from_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_from_gateway (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_from_gateway (in, udp)" dir=in action=allow protocol=udp localport=60000-64000 remoteport=any localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SRTP/RTCP media from the PSTN gateway. Flows: mediation.media_from_gateway. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_from_client.in: mediation.media_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_from_client (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_from_client (in, udp)" dir=in action=allow protocol=udp localport=60000-64000 remoteport=any localip=10.1.0.20/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="SRTP media from clients (Enterprise Voice calls to and from the PSTN). Flows: mediation.media_from_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_to_client.out: mediation.media_to_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_to_client (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_to_client (out, udp)" dir=out action=allow protocol=udp localport=60000-64000 remoteport=1024-65535 localip=10.1.0.20/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="SRTP media to clients, from the Mediation Server's media range. Flows: mediation.media_to_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_from_av_conferencing.in: mediation.media_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_from_av_conferencing (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_from_av_conferencing (in, udp)" dir=in action=allow protocol=udp localport=60000-64000 remoteport=any localip=10.1.0.20/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="Conference media from the A/V Conferencing server (PSTN participants). Flows: mediation.media_from_av_conferencing. Source: SFB-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
