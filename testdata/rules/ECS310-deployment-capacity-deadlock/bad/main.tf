# Cluster apps: 4 api tasks of 3 GiB fill the 2 m5.large instances (2 each); a rolling
# deployment must start a fifth first, which no instance has room for, and may not stop one.
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
  deployment_minimum_healthy_percent = 100 # expect: ECS310
}

# Cluster jobs: 2 encoders of 1,024 CPU units fill the one m5.large (2,048 units, exact);
# one more never fits, and the default 100 % keeps both running.
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
  desired_count   = 2 # expect: ECS310
}
