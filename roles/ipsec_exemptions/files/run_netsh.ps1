# Runs the netsh commands of the ipsec_exemptions role's plan in order and fails at the first one
# that fails (netsh exit code not 0). Each action: name, action, reason, commands (netsh argument
# lists). In check mode nothing runs (ShouldProcess) and the task reports the change.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [object[]]
    $Plan
)

foreach ($action in $Plan) {
    foreach ($command in $action.commands) {
        $arguments = [string[]]@($command)
        if ($PSCmdlet.ShouldProcess($action.name, "netsh $($arguments[0]) $($arguments[1]) $($arguments[2]) rule")) {
            $output = & netsh.exe $arguments 2>&1 | Out-String
            if ($LASTEXITCODE -ne 0) {
                throw "netsh $($arguments -join ' ') failed with exit code ${LASTEXITCODE}: $($output.Trim())"
            }
        }
    }
    [PSCustomObject]@{
        name = $action.name
        action = $action.action
        reason = $action.reason
    }
}
$Ansible.Changed = $true
