locals {
  base = {
    essential = true
    memory    = 256
    portMappings = [
      { containerPort = 80, hostPort = 80 },
    ]
  }
  containers = [
    merge(local.base, { name = "front", image = "front:1" }),
    merge(local.base, {
      name  = "back"
      image = "back:1"
      portMappings = [
        { containerPort = 8080, hostPort = 0 },
      ]
    }),
  ]
}

resource "aws_ecs_task_definition" "pair" {
  family                = "pair"
  container_definitions = jsonencode(local.containers)
}
