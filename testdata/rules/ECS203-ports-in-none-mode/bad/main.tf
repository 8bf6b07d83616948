# none mode has no connectivity: port mappings are rejected.
resource "aws_ecs_task_definition" "batch" {
  family       = "batch"
  network_mode = "none"
  container_definitions = jsonencode([
    {
      name         = "batch"
      image        = "example/batch:5"
      memory       = 1024
      essential    = true
      portMappings = [{ containerPort = 8080 }] # expect: ECS203
    },
    {
      name      = "sidecar"
      image     = "example/sidecar:1"
      memory    = 64
      essential = false
      portMappings = [ # expect: ECS203
        { containerPort = 9000 },
        { containerPort = 9001, protocol = "udp" },
      ]
    },
  ])
}
