# Near misses: Windows with the default mode (omitted) and awsvpc; Linux in host mode.

resource "aws_ecs_task_definition" "iis" {
  family = "iis"
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name         = "iis"
    image        = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    cpu          = 512
    memory       = 1024
    essential    = true
    portMappings = [{ containerPort = 80 }]
  }])
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name         = "api"
    image        = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    cpu          = 512
    memory       = 1024
    essential    = true
    portMappings = [{ containerPort = 80 }]
  }])
}

resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "haproxy:2.9"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 443 }]
  }])
}
