@echo off
rem OCS 2007 R2: IPsec exemptions (TN-dd425136) for host edge1
rem 8 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges).
rem Run from an elevated command prompt.
rem Connection security rules with action=noauthentication: the R2 table's Permit filter action.
rem Each rule is deleted by name, then added: run it again to repair a rule.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem ipsec.av_edge_internal_in (udp): A/V Edge Server Internal Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_internal_in (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_internal_in (udp)" endpoint1=172.16.10.10/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="A/V Edge Server Internal Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 3f5e65f369d2]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_internal_in (tcp): A/V Edge Server Internal Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_internal_in (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_internal_in (tcp)" endpoint1=172.16.10.10/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="A/V Edge Server Internal Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 5b6074ba1f3c]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_external_in (udp): A/V Edge Server External Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_external_in (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_external_in (udp)" endpoint1=203.0.113.12/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="A/V Edge Server External Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 521ac55b6ee7]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_external_in (tcp): A/V Edge Server External Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_external_in (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_external_in (tcp)" endpoint1=203.0.113.12/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="A/V Edge Server External Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 673f24c45930]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_internal_out (udp): A/V Edge Server Internal Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_internal_out (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_internal_out (udp)" endpoint1=172.16.10.10/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="A/V Edge Server Internal Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall cf8e8beb3940]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_internal_out (tcp): A/V Edge Server Internal Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_internal_out (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_internal_out (tcp)" endpoint1=172.16.10.10/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="A/V Edge Server Internal Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 5b4b841980e9]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_external_out (udp): A/V Edge Server External Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_external_out (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_external_out (udp)" endpoint1=203.0.113.12/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="A/V Edge Server External Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 94275fd7ef71]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_edge_external_out (tcp): A/V Edge Server External Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_edge_external_out (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_edge_external_out (tcp)" endpoint1=203.0.113.12/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="A/V Edge Server External Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 5b0a8ad03ec8]"
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
