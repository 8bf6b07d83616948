# User data read with filebase64(): the confined read of file(), base64-encoded.
resource "aws_launch_template" "ecs" {
  name_prefix   = "ecs-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m5.large"
  user_data     = filebase64("${path.module}/ecs.sh")
}

resource "aws_launch_template" "outside" {
  name_prefix = "outside-"
  user_data   = filebase64("${path.module}/../../../../etc/passwd")
}
