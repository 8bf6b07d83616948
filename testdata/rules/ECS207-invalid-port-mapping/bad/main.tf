# Port mappings the ECS API rejects.
resource "aws_ecs_task_definition" "media" {
  family       = "media"
  network_mode = "bridge"
  container_definitions = jsonencode([
    {
      name      = "media"
      image     = "example/media:4"
      memory    = 1024
      essential = true
      portMappings = [
        { containerPortRange = "10000-10100", hostPort = 10000 }, # expect: ECS207
        { containerPortRange = "20000-19000" },                   # expect: ECS207
        { containerPortRange = "30000" },                         # expect: ECS207
        { containerPortRange = "40000-40100" },
        { containerPortRange = "40050-40200" }, # expect: ECS207
        { containerPort = 40010 },              # expect: ECS207
        { hostPort = 8081 },                    # expect: ECS207
        { containerPort = 0 },                  # expect: ECS207
      ]
    },
    {
      name      = "api"
      image     = "example/api:2"
      memory    = 512
      essential = true
      portMappings = [
        { containerPort = 8080, appProtocol = "http" },              # expect: ECS207
        { containerPort = 8081, name = "api", appProtocol = "tcp" }, # expect: ECS207
        { containerPort = 8082, name = "Admin_Port" },               # expect: ECS207
      ]
    },
    {
      name         = "sidecar"
      image        = "example/sidecar:1"
      memory       = 64
      essential    = false
      portMappings = [{ containerPort = 9090, name = "api" }] # expect: ECS207
    },
  ])
}

resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "example/proxy:1"
    memory       = 256
    essential    = true
    portMappings = [{ containerPortRange = "7000-7010" }] # expect: ECS207
  }])
}
