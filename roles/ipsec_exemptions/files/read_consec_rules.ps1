# Read-only: for each name, the output of `netsh advfirewall consec show rule name=<name> verbose`
# (Windows Server 2008 and later, Windows PowerShell 5.1). The controller compares it.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string[]]
    $Names
)

$Ansible.Changed = $false
foreach ($name in $Names) {
    $text = & netsh.exe advfirewall consec show rule "name=$name" verbose | Out-String
    [PSCustomObject]@{
        name = $name
        rc = $LASTEXITCODE
        text = $text
    }
}
