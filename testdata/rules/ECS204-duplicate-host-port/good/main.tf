# Near misses: same port over tcp and udp; dynamic host ports for the same container port
# in two containers; two containers on different ports in awsvpc.
resource "aws_ecs_task_definition" "dns" {
  family       = "dns"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name      = "dns"
    image     = "example/coredns:1.11"
    memory    = 128
    essential = true
    portMappings = [
      { containerPort = 53, protocol = "tcp" },
      { containerPort = 53, protocol = "udp" },
    ]
  }])
}

resource "aws_ecs_task_definition" "legacy" {
  family       = "legacy"
  network_mode = "bridge"
  container_definitions = jsonencode([
    { name = "a", image = "example/a:1", memory = 128, essential = true, portMappings = [{ containerPort = 8080 }] },
    { name = "b", image = "example/b:1", memory = 128, essential = true, portMappings = [{ containerPort = 8080, hostPort = 0 }] },
  ])
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    { name = "web", image = "nginx:1.27", memory = 256, essential = true, portMappings = [{ containerPort = 8080 }] },
    { name = "metrics", image = "example/exporter:1", memory = 64, essential = false, portMappings = [{ containerPort = 9100 }] },
  ])
}
