# Read-only: the names of the Windows Firewall rules in one rule group, through the
# HNetCfg.FwPolicy2 COM API (Windows Server 2008 and later, Windows PowerShell 5.1).
# One object per name: name, key (lower case, as rule names match without regard to case) and
# shared (a rule outside the group has the same name).
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]
    $Group
)

$Ansible.Changed = $false
$policy = New-Object -ComObject HNetCfg.FwPolicy2
$inGroup = @{}  # hashtable keys match without regard to case, as rule names do
$outside = @{}
foreach ($rule in $policy.Rules) {
    if ($rule.Grouping -eq $Group) {
        $inGroup[$rule.Name] = $rule.Name
    }
    else {
        $outside[$rule.Name] = $true
    }
}
foreach ($name in ($inGroup.Values | Sort-Object)) {
    [PSCustomObject]@{
        name = $name
        key = $name.ToLowerInvariant()
        shared = $outside.ContainsKey($name)
    }
}
