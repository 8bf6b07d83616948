# Near misses: exactly 95 static host ports; 120 dynamic host ports (not reserved); the
# same 96 ports in awsvpc mode (the task's own ENI).
resource "aws_ecs_task_definition" "sip" {
  family       = "sip"
  network_mode = "bridge"
  container_definitions = jsonencode([
    {
      name         = "media"
      image        = "example/rtp-relay:5.1"
      memory       = 512
      essential    = true
      portMappings = [for p in range(10000, 10095) : { containerPort = p, hostPort = p, protocol = "udp" }]
    },
  ])
}

resource "aws_ecs_task_definition" "dynamic" {
  family       = "dynamic"
  network_mode = "bridge"
  container_definitions = jsonencode([
    {
      name         = "media"
      image        = "example/rtp-relay:5.1"
      memory       = 512
      essential    = true
      portMappings = [for p in range(20000, 20120) : { containerPort = p, protocol = "udp" }]
    },
  ])
}

resource "aws_ecs_task_definition" "awsvpc" {
  family       = "awsvpc"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    {
      name         = "media"
      image        = "example/rtp-relay:5.1"
      memory       = 512
      essential    = true
      portMappings = [for p in range(10000, 10096) : { containerPort = p, protocol = "udp" }]
    },
  ])
}
