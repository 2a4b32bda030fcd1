@echo off
rem OCS 2007 R2: IPsec exemptions (TN-dd425136) for host fe1
rem 8 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 SP2 (x64), netsh syntax of Server 2008 (consec rules: one port or any).
rem Run from an elevated command prompt.
rem Connection security rules with action=noauthentication: the R2 table's Permit filter action.
rem Each rule is deleted by name, then added: run it again to repair a rule.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem ipsec.conferencing_attendant_in (udp): Conferencing Attendant Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.conferencing_attendant_in (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.conferencing_attendant_in (udp)" endpoint1=any endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="Conferencing Attendant Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 3e892571b15f]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.conferencing_attendant_in (tcp): Conferencing Attendant Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.conferencing_attendant_in (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.conferencing_attendant_in (tcp)" endpoint1=any endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="Conferencing Attendant Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall a678a9c08561]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.conferencing_attendant_out (udp): Conferencing Attendant Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.conferencing_attendant_out (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.conferencing_attendant_out (udp)" endpoint1=any endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="Conferencing Attendant Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 8236432cf59e]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.conferencing_attendant_out (tcp): Conferencing Attendant Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.conferencing_attendant_out (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.conferencing_attendant_out (tcp)" endpoint1=any endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="Conferencing Attendant Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 23349faead35]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_conferencing_in (udp): A/V Conferencing Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_conferencing_in (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_conferencing_in (udp)" endpoint1=10.1.0.10/32,10.1.0.11/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="A/V Conferencing Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall e5266efb7388]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_conferencing_in (tcp): A/V Conferencing Inbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_conferencing_in (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_conferencing_in (tcp)" endpoint1=10.1.0.10/32,10.1.0.11/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="A/V Conferencing Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 2396b8f29744]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_conferencing_out (udp): A/V Conferencing Server Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_conferencing_out (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_conferencing_out (udp)" endpoint1=10.1.0.10/32,10.1.0.11/32 endpoint2=any action=noauthentication protocol=udp profile=any enable=yes description="A/V Conferencing Server Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall b008fedc7cae]"
if errorlevel 1 set /a OCS_ERRORS+=1

rem ipsec.av_conferencing_out (tcp): A/V Conferencing Server Outbound
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.av_conferencing_out (tcp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.av_conferencing_out (tcp)" endpoint1=10.1.0.10/32,10.1.0.11/32 endpoint2=any action=noauthentication protocol=tcp profile=any enable=yes description="A/V Conferencing Server Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 1f0569f156de]"
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
