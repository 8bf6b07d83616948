# Windows supports only its default (nat) mode and awsvpc; host and none are not supported.

resource "aws_ecs_task_definition" "iis" {
  family       = "iis"
  network_mode = "host" # expect: ECS103
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

resource "aws_ecs_task_definition" "batch" {
  family       = "batch"
  network_mode = "none" # expect: ECS103
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name      = "batch"
    image     = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    cpu       = 512
    memory    = 1024
    essential = true
  }])
}
