@echo off
rem OCS 2007 R2: IPsec exemptions (TN-dd425136) for host med1
rem 4 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges).
rem Run from an elevated command prompt.
rem Connection security rules with action=noauthentication: the R2 table's Permit filter action.
rem Each rule is deleted by name, then added: run it again to repair a rule.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem ipsec.mediation_in (udp): Mediation Server Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.mediation_in (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.mediation_in (udp)" endpoint1=10.1.0.20/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="Mediation Server Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 120347b6907b]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.mediation_in (tcp): Mediation Server Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.mediation_in (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.mediation_in (tcp)" endpoint1=10.1.0.20/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="Mediation Server Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall e2b15afa4d4d]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.mediation_out (udp): Mediation Server Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.mediation_out (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.mediation_out (udp)" endpoint1=10.1.0.20/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="Mediation Server Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 6d1211babbe8]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.mediation_out (tcp): Mediation Server Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.mediation_out (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.mediation_out (tcp)" endpoint1=10.1.0.20/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="Mediation Server Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall b0bdc74b95f6]"
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
