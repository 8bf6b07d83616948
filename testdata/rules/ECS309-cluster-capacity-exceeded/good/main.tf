# Near misses. Cluster apps: api 4 × 3 GiB and worker 3 × 1 GiB (15,360 MiB) fit 2
# instances of ~7,782 MiB: 2 api tasks each, the workers in the rest.
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
  desired_count   = 3
}

# Cluster jobs: auto scaling up to 14 workers (14 GiB) fits 2 instances; the workers of
# cluster apps are not counted here (another cluster, other instances).
resource "aws_autoscaling_group" "jobs" {
  name                = "jobs"
  min_size            = 1
  max_size            = 2
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
  max_capacity       = 14
}
