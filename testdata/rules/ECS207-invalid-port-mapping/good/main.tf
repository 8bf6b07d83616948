# Near misses: ranges in bridge and awsvpc, the same range over tcp and udp, named mappings
# with app protocols, and containerPort alongside a range that does not cover it.
resource "aws_ecs_task_definition" "media" {
  family       = "media"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name      = "media"
    image     = "example/media:4"
    memory    = 1024
    essential = true
    portMappings = [
      { containerPortRange = "10000-10100" },
      { containerPortRange = "10000-10100", protocol = "udp" },
      { containerPortRange = "10101-10200" },
      { containerPort = 8080 },
    ]
  }])
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "example/api:2"
      memory    = 512
      essential = true
      portMappings = [
        { containerPort = 8080, name = "api-http", appProtocol = "http" },
        { containerPort = 9090, name = "api_grpc", appProtocol = "grpc" },
        { containerPortRange = "7000-7010" },
      ]
    },
    {
      name         = "admin"
      image        = "example/admin:1"
      memory       = 128
      essential    = false
      portMappings = [{ containerPort = 8081, name = "admin" }]
    },
  ])
}
