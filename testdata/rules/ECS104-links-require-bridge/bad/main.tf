# Docker links exist only on the bridge network.
resource "aws_ecs_task_definition" "app" {
  family       = "app"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "example/app:2.3"
      memory    = 512
      essential = true
      links     = ["cache"] # expect: ECS104
    },
    {
      name      = "cache"
      image     = "redis:7"
      memory    = 256
      essential = true
    },
  ])
}

resource "aws_ecs_task_definition" "monitor" {
  family       = "monitor"
  network_mode = "host"
  container_definitions = jsonencode([
    {
      name      = "monitor"
      image     = "example/monitor:1"
      memory    = 128
      essential = true
      links     = ["statsd:metrics"] # expect: ECS104
    },
    {
      name      = "statsd"
      image     = "example/statsd:1"
      memory    = 128
      essential = true
    },
  ])
}
