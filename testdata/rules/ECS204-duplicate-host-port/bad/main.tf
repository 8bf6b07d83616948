# A task can map each host port and protocol once; in awsvpc the container port is the
# host port.
resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    {
      name         = "frontend"
      image        = "nginx:1.27"
      memory       = 256
      essential    = true
      portMappings = [{ containerPort = 8080 }]
    },
    {
      name         = "metrics"
      image        = "example/exporter:1"
      memory       = 64
      essential    = false
      portMappings = [{ containerPort = 8080 }] # expect: ECS204
    },
  ])
}

resource "aws_ecs_task_definition" "legacy" {
  family       = "legacy"
  network_mode = "bridge"
  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "example/app:3"
      memory    = 512
      essential = true
      portMappings = [
        { containerPort = 8080, hostPort = 80 },
        { containerPort = 8081, hostPort = 80 }, # expect: ECS204
      ]
    },
  ])
}
