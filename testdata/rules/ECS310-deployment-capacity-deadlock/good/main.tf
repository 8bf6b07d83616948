# Near misses. Cluster apps: the same 4 api tasks on 2 instances, but 50 % may stop first.
resource "aws_autoscaling_group" "apps" {
  name                = "apps"
  min_size            = 1
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_service" "api" {
  name                               = "api"
  cluster                            = aws_ecs_cluster.apps.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = 4
  deployment_minimum_healthy_percent = 50
}

# Cluster jobs: 1 encoder of 1,024 CPU units on the one m5.large leaves room for a second,
# so the deployment starts the new task first.
resource "aws_ecs_task_definition" "encoder" {
  family       = "encoder"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name      = "encoder"
    image     = "example/encoder:1.3"
    essential = true
    cpu       = 1024
    memory    = 512
  }])
}

resource "aws_autoscaling_group" "jobs" {
  name                = "jobs"
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_service" "batch" {
  name            = "batch"
  cluster         = aws_ecs_cluster.jobs.id
  task_definition = aws_ecs_task_definition.encoder.arn
  desired_count   = 1
}
