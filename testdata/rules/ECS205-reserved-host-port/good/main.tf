# Near misses: port 22 published on another host port, a UDP host port 22 (the reserved
# list is TCP), a dynamic host port for 2375, and awsvpc (the task has its own ENI).
resource "aws_ecs_task_definition" "bastion" {
  family       = "bastion"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name      = "sshd"
    image     = "example/sshd:9.6"
    memory    = 128
    essential = true
    portMappings = [
      { containerPort = 22, hostPort = 2222 },
      { containerPort = 514, hostPort = 22, protocol = "udp" },
      { containerPort = 2375, hostPort = 0 },
    ]
  }])
}

resource "aws_ecs_task_definition" "git" {
  family       = "git"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "git"
    image        = "example/git-ssh:2.44"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 22 }]
  }])
}

resource "aws_ecs_service" "bastion" {
  name            = "bastion"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bastion.arn
  desired_count   = 1
}
