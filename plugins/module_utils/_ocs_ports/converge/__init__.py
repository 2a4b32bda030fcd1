# Convergence: compare what a host has with what the model wants, and plan the changes. Pure
# functions over read results; the roles do the reading and the applying.
