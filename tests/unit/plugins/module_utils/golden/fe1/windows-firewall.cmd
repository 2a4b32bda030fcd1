@echo off
rem OCS 2007 R2: Windows Firewall rules for host fe1
rem 14 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges).
rem Run from an elevated command prompt.
rem Each rule is deleted by name, then added: run it again to repair a rule.
rem netsh cannot set a rule group; the windows_firewall role adopts these rules by name.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem access_edge.internal.sip_mtls_from_front_end.out: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061,8057 localip=10.1.0.10/32,10.1.0.11/32 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="SIP/MTLS from the Front End pool (APInternalPort); PSOM/MTLS from the Web Conferencing server (Front End). Flows: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end. Source: SDK-dd146596, R1-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem access_edge.internal.sip_mtls_to_front_end.in: access_edge.internal.sip_mtls_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=5061 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="SIP/MTLS to the Front End pool. Flows: access_edge.internal.sip_mtls_to_front_end. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.av_auth_from_front_end.out: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=443,5062 localip=10.1.0.10/32,10.1.0.11/32 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="SIP/MTLS A/V authentication from the Front End (MRASInternalPort); STUN/TCP from the A/V Conferencing servers. Flows: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing. Source: SDK-dd146596, LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_edge.internal.stun_udp_from_av_conferencing.out: av_edge.internal.stun_udp_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=3478 localip=10.1.0.10/32,10.1.0.11/32 remoteip=172.16.10.10/32 profile=domain,private,public enable=yes description="STUN/UDP from the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem front_end.sip_tls_from_client.in: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - front_end.sip_tls_from_client (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - front_end.sip_tls_from_client (in, tcp)" dir=in action=allow protocol=tcp localport=443,5061,8057 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="SIP/TLS from Communicator and Phone Edition; HTTPS Web Components (address book, group expansion); Phone Edition SIP/TLS fallback; PSOM/TLS from Live Meeting 2007 clients (Web Conferencing). Flows: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client. Source: TN-dd425238, R1-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem front_end.sip_mtls_pool.in: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting, av_conferencing.sip_from_front_end, av_conferencing.focus_https_from_front_end, av_conferencing.focus_https_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - front_end.sip_mtls_pool (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - front_end.sip_mtls_pool (in, tcp)" dir=in action=allow protocol=tcp localport=135,443-444,5061-5065,5069,5071-5074,8404 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS between the pool's servers; HTTPS to the Web farm FQDNs (Web Components); HTTPS between the Focus and the conferencing servers; DCOM/RPC for WMI and user moves (load-balanced pool); IM Conferencing server; Telephony Conferencing server; Application Sharing server; QoE agent (MTLS); Response Group service; Conferencing Attendant; Conferencing Announcement service; Outside Voice Control (TLS); Internal server remoting for Response Group (MTLS); A/V Conferencing server (SIP); HTTPS from the Focus to the A/V Conferencing server; HTTPS from the A/V Conferencing server to the Focus. Flows: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting, av_conferencing.sip_from_front_end, av_conferencing.focus_https_from_front_end, av_conferencing.focus_https_to_front_end. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem front_end.sip_mtls_pool.out: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting, av_conferencing.sip_from_front_end, av_conferencing.focus_https_from_front_end, av_conferencing.focus_https_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - front_end.sip_mtls_pool (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - front_end.sip_mtls_pool (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=135,443-444,5061-5065,5069,5071-5074,8404 localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS between the pool's servers; HTTPS to the Web farm FQDNs (Web Components); HTTPS between the Focus and the conferencing servers; DCOM/RPC for WMI and user moves (load-balanced pool); IM Conferencing server; Telephony Conferencing server; Application Sharing server; QoE agent (MTLS); Response Group service; Conferencing Attendant; Conferencing Announcement service; Outside Voice Control (TLS); Internal server remoting for Response Group (MTLS); A/V Conferencing server (SIP); HTTPS from the Focus to the A/V Conferencing server; HTTPS from the A/V Conferencing server to the Focus. Flows: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting, av_conferencing.sip_from_front_end, av_conferencing.focus_https_from_front_end, av_conferencing.focus_https_to_front_end. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem front_end.av_conferencing_media_from_client.in: front_end.av_conferencing_media_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - front_end.av_conferencing_media_from_client (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - front_end.av_conferencing_media_from_client (in, udp)" dir=in action=allow protocol=udp localport=49152-65535 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="A/V Conferencing media from clients (range: the R1 default). Flows: front_end.av_conferencing_media_from_client. Source: R1-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_conferencing.media_tcp_from_client.in: av_conferencing.media_tcp_from_client
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_conferencing.media_tcp_from_client (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_conferencing.media_tcp_from_client (in, tcp)" dir=in action=allow protocol=tcp localport=49152-65535 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.0.0.0/8 profile=domain,private,public enable=yes description="A/V Conferencing and application sharing media over TCP from clients. Flows: av_conferencing.media_tcp_from_client. Source: OCS-NETMON. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem av_conferencing.media_from_mediation.in: av_conferencing.media_from_mediation
netsh advfirewall firewall delete rule name="OCS 2007 R2 - av_conferencing.media_from_mediation (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - av_conferencing.media_from_mediation (in, udp)" dir=in action=allow protocol=udp localport=49152-65535 remoteport=60000-64000 localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="Conference media from the Mediation Server (PSTN participants). Flows: av_conferencing.media_from_mediation. Source: SFB-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_mtls_from_front_end.out: mediation.sip_mtls_from_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_mtls_from_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_mtls_from_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061 localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="SIP/MTLS from the pool (internal edge, always TLS). Flows: mediation.sip_mtls_from_front_end. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_mtls_to_front_end.in: mediation.sip_mtls_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_mtls_to_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_mtls_to_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=5061 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="SIP/MTLS to the pool (internal edge, always TLS). Flows: mediation.sip_mtls_to_front_end. Source: R2-MEDIATION. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_from_av_conferencing.out: mediation.media_from_av_conferencing
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_from_av_conferencing (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_from_av_conferencing (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=60000-64000 localip=10.1.0.10/32,10.1.0.11/32 remoteip=10.1.0.20/32 profile=domain,private,public enable=yes description="Conference media from the A/V Conferencing server (PSTN participants). Flows: mediation.media_from_av_conferencing. Source: SFB-PORTS. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem reverse_proxy.https_to_front_end.in: reverse_proxy.https_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - reverse_proxy.https_to_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - reverse_proxy.https_to_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=443 remoteport=any localip=10.1.0.10/32,10.1.0.11/32 remoteip=203.0.113.20/32 profile=domain,private,public enable=yes description="HTTPS from the reverse proxy to the internal Web Components. Flows: reverse_proxy.https_to_front_end. Source: R2-REVERSE-PROXY. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
