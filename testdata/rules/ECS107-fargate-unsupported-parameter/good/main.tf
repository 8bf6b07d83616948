# Near misses: Fargate with pid_mode "task", privileged = false, empty dnsServers and
# initProcessEnabled; the same parameters on EC2.
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  pid_mode                 = "task"
  container_definitions = jsonencode([{
    name            = "api"
    image           = "example/api:1.4"
    essential       = true
    privileged      = false
    dnsServers      = []
    linuxParameters = { initProcessEnabled = true }
    portMappings    = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EC2"]
  network_mode             = "host"
  ipc_mode                 = "host"
  pid_mode                 = "host"
  container_definitions = jsonencode([{
    name       = "agent"
    image      = "example/agent:3"
    memory     = 256
    essential  = true
    privileged = true
    dnsServers = ["10.0.0.2"]
  }])
}

resource "aws_ecs_service" "agent" {
  name                = "agent"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.agent.arn
  launch_type         = "EC2"
  scheduling_strategy = "DAEMON"
}
