desired = 5
