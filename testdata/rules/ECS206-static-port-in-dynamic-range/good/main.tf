# Near misses: static ports just below the Linux range, a Windows static port below the
# Windows range (but inside the Linux one), dynamic ports, and awsvpc.
resource "aws_ecs_task_definition" "metrics" {
  family       = "metrics"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name      = "exporter"
    image     = "example/node-exporter:1.8"
    memory    = 64
    essential = true
    portMappings = [
      { containerPort = 9100, hostPort = 9100 },
      { containerPort = 9101, hostPort = 32767 },
      { containerPort = 9102, hostPort = 61000 },
      { containerPort = 9103 },
    ]
  }])
}

resource "aws_ecs_task_definition" "iis" {
  family = "iis"
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name         = "iis"
    image        = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    memory       = 1024
    essential    = true
    portMappings = [{ containerPort = 80, hostPort = 40080 }]
  }])
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:3.2"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 40000 }]
  }])
}
