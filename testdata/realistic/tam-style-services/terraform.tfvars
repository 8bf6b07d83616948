services = {
  frontend = {
    desired_count = 3
    container = {
      image = "ghcr.io/acme/frontend:1.4.2"
      port  = 3000
    }
    load_balancer = {
      target_group = "frontend"
    }
  }
  api = {
    desired_count = 3
    max_capacity  = 6
    container = {
      image     = "ghcr.io/acme/api:2.0.1"
      port      = 8080
      host_port = 8080
      cpu       = 512
      memory    = 1024
    }
    load_balancer = {
      target_group = "api"
    }
  }
  worker = {
    container = {
      image = "ghcr.io/acme/worker:2.0.1"
    }
  }
}
