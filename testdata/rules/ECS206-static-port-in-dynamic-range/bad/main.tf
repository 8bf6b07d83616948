# Static host ports inside the dynamic range: 32768-60999 on Linux, 49152-65535 on Windows.
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
      {
        containerPort = 9101
        hostPort      = 40000 # expect: ECS206
      },
    ]
  }])
}

resource "aws_ecs_task_definition" "collector" {
  family       = "collector"
  network_mode = "host"
  container_definitions = jsonencode([{
    name      = "otel"
    image     = "example/otel-collector:0.99"
    memory    = 256
    essential = true
    portMappings = [{
      containerPort = 33000 # expect: ECS206
      protocol      = "udp"
    }]
  }])
}

resource "aws_ecs_task_definition" "iis" {
  family = "iis"
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name      = "iis"
    image     = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    memory    = 1024
    essential = true
    portMappings = [{
      containerPort = 80
      hostPort      = 50080 # expect: ECS206
    }]
  }])
}
