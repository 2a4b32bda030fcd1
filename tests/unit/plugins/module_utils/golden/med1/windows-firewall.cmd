@echo off
rem OCS 2007 R2: Windows Firewall rules for host med1
rem 6 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges).
rem Run from an elevated command prompt.
rem Each rule is deleted by name, then added: run it again to repair a rule.
rem netsh cannot set a rule group; the windows_firewall role adopts these rules by name.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem mediation.sip_mtls_from_front_end.in: mediation.sip_mtls_from_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)" dir=in action=allow protocol=tcp localport=5061 remoteport=any localip=10.1.0.20/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS from the pool (OCS side, always TLS). Flows: mediation.sip_mtls_from_front_end. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_mtls_to_front_end.out: mediation.sip_mtls_to_front_end
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_mtls_to_front_end (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_mtls_to_front_end (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5061 localip=10.1.0.20/32 remoteip=10.1.0.10/32,10.1.0.11/32 profile=domain,private,public enable=yes description="SIP/MTLS to the pool (OCS side, always TLS). Flows: mediation.sip_mtls_to_front_end. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_to_gateway.out: mediation.sip_to_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_to_gateway (out, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_to_gateway (out, tcp)" dir=out action=allow protocol=tcp localport=any remoteport=5060 localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SIP to the PSTN gateway (TCP or TLS). Flows: mediation.sip_to_gateway. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.sip_from_gateway.in: mediation.sip_from_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)" dir=in action=allow protocol=tcp localport=5060 remoteport=any localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SIP from the PSTN gateway (TCP or TLS). Flows: mediation.sip_from_gateway. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_to_gateway.out: mediation.media_to_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_to_gateway (out, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_to_gateway (out, udp)" dir=out action=allow protocol=udp localport=any remoteport=60000-64000 localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SRTP/RTCP media to the PSTN gateway. Flows: mediation.media_to_gateway. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

rem mediation.media_from_gateway.in: mediation.media_from_gateway
netsh advfirewall firewall delete rule name="OCS 2007 R2 - mediation.media_from_gateway (in, udp)" >nul 2>&1
netsh advfirewall firewall add rule name="OCS 2007 R2 - mediation.media_from_gateway (in, udp)" dir=in action=allow protocol=udp localport=60000-64000 remoteport=any localip=10.1.0.20/32 remoteip=10.2.0.5/32 profile=domain,private,public enable=yes description="SRTP/RTCP media from the PSTN gateway. Flows: mediation.media_from_gateway. Source: TN-dd425238. Managed by ocs.firewall."
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
