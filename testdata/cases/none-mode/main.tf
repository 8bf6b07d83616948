# Offline report renderer: network mode none, no port mappings; it reads and writes a
# bind-mounted volume only.

resource "aws_ecs_cluster" "batch" {
  name = "batch"
}

resource "aws_ecs_task_definition" "renderer" {
  family       = "report-renderer"
  network_mode = "none"

  volume {
    name      = "spool"
    host_path = "/var/spool/reports"
  }

  container_definitions = jsonencode([
    {
      name      = "renderer"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/renderer:5.0.2"
      essential = true
      cpu       = 1024
      memory    = 2048
      mountPoints = [
        {
          sourceVolume  = "spool"
          containerPath = "/spool"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "renderer" {
  name            = "report-renderer"
  cluster         = aws_ecs_cluster.batch.id
  task_definition = aws_ecs_task_definition.renderer.arn
  launch_type     = "EC2"
  desired_count   = 1
}
