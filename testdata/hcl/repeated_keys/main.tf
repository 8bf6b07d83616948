# Terraform accepts an object constructor that repeats a key; the later value wins. Seen in
# the wild as two `environment` lists in one container definition.
locals {
  tags = { team = "a", "team" = "b", env = "prod", team = "c" }
}

resource "aws_ecs_task_definition" "app" {
  family       = "app-${local.tags.team}"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name        = "app"
    image       = "example/app:1"
    environment = []
    memory      = 512
    environment = [{ name = "MODE", value = "later" }]
    portMappings = [{ containerPort = 8080, hostPort = 80 }]
  }])
}
