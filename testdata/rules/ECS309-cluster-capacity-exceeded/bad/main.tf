# Cluster apps: api 4 × 3 GiB and worker 6 × 1 GiB need 18,432 MiB: 3 instances even at the
# advertised 8,192 MiB each; the group allows 2.
resource "aws_autoscaling_group" "apps" {
  name                = "apps"
  min_size            = 1
  max_size            = 2 # expect: ECS309
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.apps.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 4

  deployment_minimum_healthy_percent = 50
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.apps.id
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = 6
}

# Cluster jobs: 2 batch workers fit one instance, but auto scaling may ask for 20
# (20 GiB: 3 instances); the group allows 2 (a warning).
resource "aws_autoscaling_group" "jobs" {
  name                = "jobs"
  min_size            = 1
  max_size            = 2 # expect: ECS309
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.ecs.id
    version = "$Latest"
  }
}

resource "aws_ecs_service" "batch" {
  name            = "batch"
  cluster         = aws_ecs_cluster.jobs.id
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = 2
}

resource "aws_appautoscaling_target" "batch" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.jobs.name}/${aws_ecs_service.batch.name}"
  min_capacity       = 2
  max_capacity       = 20
}
