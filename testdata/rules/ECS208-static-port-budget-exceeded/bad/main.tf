# 96 static host ports in one task: an instance can reserve 100 ports, 5 of which the
# Linux agent keeps for itself.
resource "aws_ecs_task_definition" "sip" {
  family                = "sip"
  network_mode          = "bridge"
  container_definitions = jsonencode([ # expect: ECS208
    {
      name         = "media"
      image        = "example/rtp-relay:5.1"
      memory       = 512
      essential    = true
      portMappings = [for p in range(10000, 10096) : { containerPort = p, hostPort = p, protocol = "udp" }]
    },
  ])
}
