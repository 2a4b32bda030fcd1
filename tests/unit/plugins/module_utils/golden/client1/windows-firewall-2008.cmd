@echo off
rem OCS 2007 R2: Windows Firewall rules for host client1
rem 13 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 SP2 (x64), netsh syntax of Server 2008 (consec rules: one port or any).
rem Run from an elevated command prompt.
rem Each rule is deleted by name, then added: run it again to repair a rule.
rem netsh cannot set a rule group; the windows_firewall role adopts these rules by name.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem av_edge.internal.stun_udp_from_client.out: av_edge.internal.stun_udp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_client (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_client (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=3478 localip=10.0.0.0/8 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="STUN/UDP from internal clients. Flows: av_edge.internal.stun_udp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_tcp_from_client.out: av_edge.internal.stun_tcp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443 localip=10.0.0.0/8 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="STUN/TCP from internal clients. Flows: av_edge.internal.stun_tcp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem front_end.sip_tls_from_client.out: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - front_end.sip_tls_from_client (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - front_end.sip_tls_from_client (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443,5061,8057 localip=10.0.0.0/8 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/TLS from Communicator and Phone Edition; HTTPS Web Components (address book, group expansion); Phone Edition SIP/TLS fallback; PSOM/TLS from Live Meeting 2007 clients (Web Conferencing). Flows: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client. Source: TN-dd425238, R1-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem front_end.av_conferencing_media_from_client.out: front_end.av_conferencing_media_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - front_end.av_conferencing_media_from_client (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - front_end.av_conferencing_media_from_client (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=49152-65535 localip=10.0.0.0/8 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="A/V Conferencing media from clients (range: the R1 default). Flows: front_end.av_conferencing_media_from_client. Source: R1-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_conferencing.media_tcp_from_client.out: av_conferencing.media_tcp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_conferencing.media_tcp_from_client (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_conferencing.media_tcp_from_client (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=49152-65535 localip=10.0.0.0/8 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="A/V Conferencing and application sharing media over TCP from clients. Flows: av_conferencing.media_tcp_from_client. Source: OCS-NETMON. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_from_client.out: mediation.media_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_from_client (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_from_client (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=60000-64000 localip=10.0.0.0/8 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="SRTP media from clients (Enterprise Voice calls to and from the PSTN). Flows: mediation.media_from_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_to_client.in: mediation.media_to_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_to_client (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_to_client (in, udp)" dir=in action=allow protocol=udp localport=20000-20099 remoteport=60000-64000 localip=10.0.0.0/8 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="SRTP media to clients, from the Mediation Server's media range. Flows: mediation.media_to_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem client.media_udp.in: client.media_udp
netsh advfirewall firewall delete rule name="OCS 2007 R2 - client.media_udp (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - client.media_udp (in, udp)" dir=in action=allow protocol=udp localport=20000-20099 remoteport=any localip=10.0.0.0/8 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="Client media (RTP/RTCP, ICE) between clients. Flows: client.media_udp. Source: TN-bb964029. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem client.media_udp.out: client.media_udp
netsh advfirewall firewall delete rule name="OCS 2007 R2 - client.media_udp (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - client.media_udp (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=1024-65535 localip=10.0.0.0/8 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="Client media (RTP/RTCP, ICE) between clients. Flows: client.media_udp. Source: TN-bb964029. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem client.media_tcp.in: client.media_tcp
netsh advfirewall firewall delete rule name="OCS 2007 R2 - client.media_tcp (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - client.media_tcp (in, tcp)" dir=in action=allow protocol=tcp localport=20000-20099 remoteport=any localip=10.0.0.0/8 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="Client media over TCP between clients. Flows: client.media_tcp. Source: TN-bb964029. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem client.media_tcp.out: client.media_tcp
netsh advfirewall firewall delete rule name="OCS 2007 R2 - client.media_tcp (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - client.media_tcp (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=1024-65535 localip=10.0.0.0/8 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="Client media over TCP between clients. Flows: client.media_tcp. Source: TN-bb964029. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem client.file_transfer.in: client.file_transfer
netsh advfirewall firewall delete rule name="OCS 2007 R2 - client.file_transfer (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - client.file_transfer (in, tcp)" dir=in action=allow protocol=tcp localport=6891-6901 remoteport=any localip=10.0.0.0/8 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="Communicator file transfer (Send File from an IM session). Flows: client.file_transfer. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem client.file_transfer.out: client.file_transfer
netsh advfirewall firewall delete rule name="OCS 2007 R2 - client.file_transfer (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - client.file_transfer (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=6891-6901 localip=10.0.0.0/8 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="Communicator file transfer (Send File from an IM session). Flows: client.file_transfer. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
