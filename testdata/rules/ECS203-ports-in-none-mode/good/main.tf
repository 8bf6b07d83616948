# Near misses: none mode without mappings (or an empty list); ports in bridge mode.
resource "aws_ecs_task_definition" "batch" {
  family       = "batch"
  network_mode = "none"
  container_definitions = jsonencode([
    { name = "batch", image = "example/batch:5", memory = 1024, essential = true },
    { name = "sidecar", image = "example/sidecar:1", memory = 64, essential = false, portMappings = [] },
  ])
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx:1.27"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 80 }]
  }])
}
