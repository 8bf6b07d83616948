resource "aws_ecs_service" "broken" {
  name = "broken"
  desired_count = = 2
}
