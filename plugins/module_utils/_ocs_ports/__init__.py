# Private pure-Python core of ocs.firewall: catalogue -> model -> resolver -> renderers.
# No Ansible imports below this folder; the plugins are thin wrappers over it.
