# Static host ports the ECS agent reserves on every Linux instance (22, 2375, 2376,
# 51678, 51679): no instance can ever place these tasks.
resource "aws_ecs_task_definition" "bastion" {
  family       = "bastion"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name      = "sshd"
    image     = "example/sshd:9.6"
    memory    = 128
    essential = true
    portMappings = [{
      containerPort = 22
      hostPort      = 22 # expect: ECS205
    }]
  }])
}

resource "aws_ecs_task_definition" "docker_proxy" {
  family       = "docker-proxy"
  network_mode = "host"
  container_definitions = jsonencode([{
    name      = "proxy"
    image     = "example/socket-proxy:0.2"
    memory    = 64
    essential = true
    portMappings = [
      { containerPort = 8080 },
      {
        containerPort = 2375 # expect: ECS205
      },
    ]
  }])
}

resource "aws_ecs_service" "bastion" {
  name            = "bastion"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bastion.arn
  desired_count   = 1
}
