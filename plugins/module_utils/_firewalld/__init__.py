# Private machinery of the firewalld_ruleset module: state (names, normal forms, owned views),
# plan (current and target settings, the ordered writes, apply with rollback), guard (the SSH
# lock-out check) and backends (firewalld online over D-Bus, or offline). A second applier can
# reuse state and plan with a backend of its own.
