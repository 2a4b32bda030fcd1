@echo off
rem OCS 2007 R2: IPsec exemptions (TN-dd425136) for host client1
rem 1 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
rem For Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges).
rem Run from an elevated command prompt.
rem Connection security rules with action=noauthentication: the R2 table's Permit filter action.
rem Each rule is deleted by name, then added: run it again to repair a rule.
setlocal EnableExtensions DisableDelayedExpansion
set OCS_ERRORS=0

rem ipsec.clients (udp): Clients
netsh advfirewall consec delete rule name="OCS 2007 R2 - ipsec.clients (udp)" >nul 2>&1
netsh advfirewall consec add rule name="OCS 2007 R2 - ipsec.clients (udp)" endpoint1=any endpoint2=any action=noauthentication protocol=udp port1=20000-20099 profile=any enable=yes description="Clients: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 0da95faf0c0b]"
if errorlevel 1 set /a OCS_ERRORS+=1

if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2
exit /b %OCS_ERRORS%
