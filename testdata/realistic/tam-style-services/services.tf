module "service" {
  source   = "./modules/service"
  for_each = var.services

  name              = each.key
  cluster_arn       = aws_ecs_cluster.this.arn
  capacity_provider = aws_ecs_capacity_provider.ec2.name
  service           = each.value
  target_group_arn  = try(aws_lb_target_group.this[each.value.load_balancer.target_group].arn, null)
  tags              = local.tags
}

resource "aws_appautoscaling_target" "service" {
  for_each = { for k, v in var.services : k => v if try(v.max_capacity, null) != null }

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${each.key}"
  min_capacity       = try(each.value.desired_count, 1)
  max_capacity       = each.value.max_capacity

  depends_on = [module.service]
}

# Prometheus node exporter on every container instance.
resource "aws_ecs_task_definition" "node_exporter" {
  family       = "${var.name}-node-exporter"
  network_mode = "host"
  pid_mode     = "host"

  container_definitions = jsonencode([{
    name      = "node-exporter"
    image     = "quay.io/prometheus/node-exporter:v1.8.2"
    essential = true
    cpu       = 64
    memory    = 64
    command   = ["--path.rootfs=/host"]
    portMappings = [{
      containerPort = 9100
      protocol      = "tcp"
    }]
    mountPoints = [{
      sourceVolume  = "root"
      containerPath = "/host"
      readOnly      = true
    }]
  }])

  volume {
    name      = "root"
    host_path = "/"
  }
}

resource "aws_ecs_service" "node_exporter" {
  name                = "node-exporter"
  cluster             = aws_ecs_cluster.this.id
  task_definition     = aws_ecs_task_definition.node_exporter.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"
}
